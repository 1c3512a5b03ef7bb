/**
 * Headers the loopback server sends on every response. The Content Security
 * Policy is the one of the `<meta>` tag in `src/renderer/index.html` narrowed
 * to this server's own WebSocket, plus what only a header can carry:
 * `frame-ancestors 'none'` (with `X-Frame-Options: DENY` for older engines) so
 * no other page can frame the workstation and trick clicks into it.
 * `Cross-Origin-Resource-Policy: same-origin` stops other pages from loading
 * its scripts or API replies as resources. Source: OWASP HTTP Headers Cheat
 * Sheet; CSP Level 3 (W3C).
 * @param port - the TCP port the server listens on
 * @returns header name → value (lower-case names)
 */
export function securityHeaders(port: number): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
}
