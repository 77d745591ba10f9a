import { randomBytes } from 'crypto';

/**
 * The analytics panel's HTML shell. It holds no data: the page script draws everything from
 * messages. Kept free of the `vscode` import so the policy can be checked in plain Node.
 */

export interface PanelHtmlInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(...)` of dist/webview/analytics.js, as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(...)` of media/analytics.css, as a string. */
  readonly styleUri: string;
  readonly nonce: string;
  /** The URI of the workspace folder the panel shows, kept in the page's state for a window reload. */
  readonly workspaceFolder?: string;
}

/** A fresh nonce per render: a policy nonce that never changes protects nothing. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The content security policy, in one place. No inline script and no inline style: the page
 * script is loaded by nonce, and Chart.js sizes its canvas through the CSSOM
 * (`element.style.x = …`), which `style-src` does not govern, so `'unsafe-inline'` is not needed.
 */
export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${cspSource}`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`
  ].join('; ');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The whole document. Every interpolated value is escaped, though none comes from a record.
 * <main> is not a live region: the page rebuilds it on every save, and screen readers would
 * read the whole dashboard again; the small #announcer says "Analytics updated" instead.
 * tabindex="-1" lets the page keep focus in <main> when the focused row is gone.
 */
export function buildPanelHtml(input: PanelHtmlInput): string {
  const csp = buildContentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(input.styleUri)}">
<title>Deployment Analytics</title>
</head>
<body data-workspace-folder="${escapeAttribute(input.workspaceFolder ?? '')}">
<header class="toolbar" role="toolbar" aria-label="Filters and actions">
  <h1>Deployment Analytics</h1>
  <label>Environment <select id="filter-environment"><option value="">All environments</option></select></label>
  <label>Time range <select id="filter-range">
    <option value="all">All time</option>
    <option value="7d">Last 7 days</option>
    <option value="30d">Last 30 days</option>
    <option value="90d">Last 90 days</option>
    <option value="365d">Last 12 months</option>
  </select></label>
  <button id="export-json" type="button">Export JSON</button>
  <button id="export-csv" type="button">Export CSV</button>
</header>
<main id="content" tabindex="-1"><p class="status">Loading deployment records…</p></main>
<div id="announcer" class="visually-hidden" role="status"></div>
<script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>`;
}
