import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppPage, type AppPage } from '../../../../src/main/transport/trusted-origin';

const rendererFile = '/opt/Holter Workstation/resources/app/out/renderer/index.html';
const filePage: AppPage = { kind: 'file', path: rendererFile };
const devPage: AppPage = { kind: 'dev', url: 'http://localhost:5173' };
const appUrl = pathToFileURL(rendererFile).href;

describe('isAppPage: the IPC sender and navigation check (the previous check was `startsWith("file://")` or `startsWith(devUrl)`)', () => {
  it('accepts the app file as Electron loads it, with a query or hash, or spelled with localhost or escapes', () => {
    expect(appUrl).toBe('file:///opt/Holter%20Workstation/resources/app/out/renderer/index.html');
    for (const url of [
      appUrl,
      `${appUrl}?view=case#beat-3`,
      'file://localhost/opt/Holter%20Workstation/resources/app/out/renderer/index.html',
      'file:///opt/Holter%20Workstation/resources/app/out/%72enderer/index.html',
      'file:///opt/Holter%20Workstation/resources/app/out/assets/../renderer/index.html',
    ]) {
      expect(isAppPage(filePage, url), url).toBe(true);
    }
  });

  it('refuses any other file:// frame, a longer name with the same prefix, another host, an encoded slash, other schemes', () => {
    for (const url of [
      'file:///tmp/downloaded.html',
      'file:///opt/Holter%20Workstation/resources/app/out/renderer/other.html',
      `${appUrl}.html`,
      `${appUrl}/x`,
      'file://evil.host/opt/Holter%20Workstation/resources/app/out/renderer/index.html',
      'file:///opt/Holter%20Workstation/resources/app/out/renderer%2Findex.html',
      'http://localhost:5173/',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppPage(filePage, url), url).toBe(false);
    }
  });

  it('accepts any page of the dev server origin and nothing that only starts with it', () => {
    expect(isAppPage(devPage, 'http://localhost:5173/')).toBe(true);
    expect(isAppPage(devPage, 'http://localhost:5173/src/index.html?x=1')).toBe(true);
    for (const url of [
      'http://localhost:51730/',
      'http://localhost:5173.evil.example/',
      'http://localhost:5173@evil.example/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      appUrl,
      'file:///tmp/x.html',
    ]) {
      expect(isAppPage(devPage, url), url).toBe(false);
    }
  });
});
