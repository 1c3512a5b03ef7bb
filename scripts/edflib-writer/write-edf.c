/*
 * Writes EDF+ test files from MIT-BIH (WFDB format 212, two signals) data with EDFlib, and dumps EDF files as
 * EDFlib reads them. Built and run by make-edf-fixtures.sh (only where Debian's libedf-dev is installed).
 *
 *   write-edf write DAT NSAMPLES ANNOTATIONS DURATION_10US OUT.edf
 *     DAT            a WFDB format-212 signal file holding two interleaved signals at 360 Hz (mitdb)
 *     NSAMPLES       frames to copy from its start (a multiple of 360 * DURATION_10US / 100000)
 *     ANNOTATIONS    text file, one "sample<TAB>text" line per annotation (sample at 360 Hz); a text starting
 *                    with '(' (a rhythm) gets the duration up to the end of the copied signal, others none
 *     DURATION_10US  data record duration in units of 10 microseconds (100000 = 1 s)
 *   The file has three signals: signal 0 and 1 of the .dat at 360 Hz (digital = the 212 value, digital range
 *   -2048..2047, physical (d - 1024) / 200 mV, as the mitdb header says), and signal 0 decimated by 3 (every third
 *   sample, 120 Hz) scaled by 8 (digital range -32768..32767, physical (d / 8 - 1024) / 200 mV), plus one UTF-8
 *   annotation "Bemerkung: Gerät geprüft" at 1.5 s, in two "EDF Annotations" signals.
 *
 *   write-edf dump IN.edf
 *     prints the header, annotations, and every signal's digital and physical (%.10g) samples as EDFlib reads them.
 */
#include <edflib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FS 360
#define DECIMATE 3

static int fail(const char *what, int code) {
  fprintf(stderr, "write-edf: %s failed (%d)\n", what, code);
  return 1;
}

static int read212(const char *path, long n, int *s0, int *s1) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  for (long i = 0; i < n; i++) {
    unsigned char b[3];
    if (fread(b, 1, 3, f) != 3) {
      fclose(f);
      return -1;
    }
    int a = b[0] | ((b[1] & 0x0f) << 8);
    int c = b[2] | ((b[1] & 0xf0) << 4);
    s0[i] = a > 2047 ? a - 4096 : a;
    s1[i] = c > 2047 ? c - 4096 : c;
  }
  fclose(f);
  return 0;
}

static int write_file(int argc, char **argv) {
  if (argc != 7) return fail("usage: write DAT NSAMPLES ANNOTATIONS DURATION_10US OUT.edf", -1);
  long n = atol(argv[3]);
  int duration10us = atoi(argv[5]);
  int spr = (int)((long)FS * duration10us / 100000);
  if (n <= 0 || spr <= 0 || spr % DECIMATE != 0 || n % spr != 0) return fail("sample count / record duration", -1);
  int *s0 = malloc(sizeof(int) * n), *s1 = malloc(sizeof(int) * n);
  if (s0 == NULL || s1 == NULL || read212(argv[2], n, s0, s1) != 0) return fail("reading the .dat", -1);

  int h = edfopen_file_writeonly(argv[6], EDFLIB_FILETYPE_EDFPLUS, 3);
  if (h < 0) return fail("edfopen_file_writeonly", h);
  if (edf_set_datarecord_duration(h, duration10us) != 0) return fail("edf_set_datarecord_duration", -1);
  /* EDFlib stores about one annotation per data record and annotation signal and silently drops the rest: two
     annotation signals hold the 15 annotations of 10 one-second records. */
  if (edf_set_number_of_annotation_signals(h, 2) != 0) return fail("edf_set_number_of_annotation_signals", -1);
  const char *labels[3] = {"ECG ch0", "ECG ch1", "ECG ch0 dec3"};
  for (int s = 0; s < 3; s++) {
    /* edf_set_samplefrequency takes samples per data record (the rate when a record lasts 1 s). */
    if (edf_set_samplefrequency(h, s, s == 2 ? spr / DECIMATE : spr) != 0) return fail("edf_set_samplefrequency", s);
    if (edf_set_digital_minimum(h, s, s == 2 ? -32768 : -2048) != 0) return fail("edf_set_digital_minimum", s);
    if (edf_set_digital_maximum(h, s, s == 2 ? 32767 : 2047) != 0) return fail("edf_set_digital_maximum", s);
    if (edf_set_physical_minimum(h, s, s == 2 ? (-32768 / 8.0 - 1024) / 200 : (-2048 - 1024) / 200.0) != 0) return fail("phys min", s);
    if (edf_set_physical_maximum(h, s, s == 2 ? (32767 / 8.0 - 1024) / 200 : (2047 - 1024) / 200.0) != 0) return fail("phys max", s);
    if (edf_set_physical_dimension(h, s, "mV") != 0) return fail("edf_set_physical_dimension", s);
    if (edf_set_label(h, s, labels[s]) != 0) return fail("edf_set_label", s);
  }
  edf_set_startdatetime(h, 2026, 12, 1, 8, 30, 0);
  edf_set_patientcode(h, "MITDB");
  edf_set_equipment(h, "EDFlib");

  short *buf = malloc(sizeof(short) * spr);
  for (long r = 0; r < n / spr; r++) {
    for (int s = 0; s < 3; s++) {
      int m = s == 2 ? spr / DECIMATE : spr;
      for (int i = 0; i < m; i++) {
        long k = r * spr + (s == 2 ? (long)i * DECIMATE : i);
        buf[i] = (short)(s == 0 ? s0[k] : s == 1 ? s1[k] : s0[k] * 8);
      }
      int rc = edfwrite_digital_short_samples(h, buf);
      if (rc != 0) return fail("edfwrite_digital_short_samples", rc);
    }
  }

  FILE *a = fopen(argv[4], "r");
  if (a == NULL) return fail("opening the annotations", -1);
  char line[256];
  while (fgets(line, sizeof line, a) != NULL) {
    char *tab = strchr(line, '\t');
    if (tab == NULL) continue;
    line[strcspn(line, "\r\n")] = 0;
    long sample = atol(line);
    const char *text = tab + 1;
    long long onset = (long long)((sample * 10000.0) / FS + 0.5); /* units of 100 us */
    long long duration = text[0] == '(' ? (long long)(((n - sample) * 10000.0) / FS + 0.5) : -1;
    if (edfwrite_annotation_utf8(h, onset, duration, text) != 0) return fail("edfwrite_annotation_utf8", -1);
  }
  fclose(a);
  if (edfwrite_annotation_utf8(h, 15000, -1, "Bemerkung: Ger\xc3\xa4t gepr\xc3\xbc" "ft") != 0) return fail("utf8 annotation", -1);
  if (edfclose_file(h) != 0) return fail("edfclose_file", -1);
  free(buf);
  free(s0);
  free(s1);
  return 0;
}

static int dump_file(int argc, char **argv) {
  if (argc != 3) return fail("usage: dump IN.edf", -1);
  struct edf_hdr_struct hdr;
  if (edfopen_file_readonly(argv[2], &hdr, EDFLIB_READ_ALL_ANNOTATIONS) != 0) return fail("edfopen_file_readonly", hdr.filetype);
  printf("filetype %d\n", hdr.filetype);
  printf("signals %d\n", hdr.edfsignals);
  printf("datarecord_duration_100ns %lld\n", hdr.datarecord_duration);
  printf("datarecords %lld\n", hdr.datarecords_in_file);
  printf("start %04d-%02d-%02d %02d:%02d:%02d\n", hdr.startdate_year, hdr.startdate_month, hdr.startdate_day,
         hdr.starttime_hour, hdr.starttime_minute, hdr.starttime_second);
  for (int s = 0; s < hdr.edfsignals; s++) {
    struct edf_param_struct *p = &hdr.signalparam[s];
    printf("signal %d label=%s smp_in_datarecord=%d smp_in_file=%lld phys_min=%.10g phys_max=%.10g dig_min=%d dig_max=%d physdim=%s\n", s,
           p->label, p->smp_in_datarecord, p->smp_in_file, p->phys_min, p->phys_max, p->dig_min, p->dig_max, p->physdimension);
  }
  for (long long i = 0; i < hdr.annotations_in_file; i++) {
    struct edf_annotation_struct an;
    if (edf_get_annotation(hdr.handle, (int)i, &an) != 0) return fail("edf_get_annotation", (int)i);
    printf("annotation onset_100ns=%lld duration=%s text=%s\n", an.onset, an.duration, an.annotation);
  }
  for (int s = 0; s < hdr.edfsignals; s++) {
    long long m = hdr.signalparam[s].smp_in_file;
    int *d = malloc(sizeof(int) * m);
    double *ph = malloc(sizeof(double) * m);
    if (edfread_digital_samples(hdr.handle, s, (int)m, d) != m) return fail("edfread_digital_samples", s);
    edfseek(hdr.handle, s, 0, EDFSEEK_SET);
    if (edfread_physical_samples(hdr.handle, s, (int)m, ph) != m) return fail("edfread_physical_samples", s);
    printf("digital %d", s);
    for (long long i = 0; i < m; i++) printf(" %d", d[i]);
    printf("\nphysical %d", s);
    for (long long i = 0; i < m; i++) printf(" %.10g", ph[i]);
    printf("\n");
    free(d);
    free(ph);
  }
  edfclose_file(hdr.handle);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "write") == 0) return write_file(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "dump") == 0) return dump_file(argc, argv);
  return fail("usage: write-edf write|dump ...", -1);
}
