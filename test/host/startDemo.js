#!/usr/bin/env node
// `npm start`: builds the extension, creates a demo workspace full of sample records, and
// opens it in VS Code with the extension loaded:
//   - desktop VS Code when `code` is on PATH (as an extension-development window);
//   - otherwise the VS Code server (installed offline into the cache on first use), serving
//     the workbench on 127.0.0.1 and printing the URL that opens the demo workspace.
//     It stays in the foreground until Ctrl-C.
//
// Environment: PORT (server port; a free one by default), DEPLOYMENT_RECORDS_DEMO_HOST
// (`desktop` or `server` to force one), DEPLOYMENT_RECORDS_VSCODE_CACHE (server cache),
// DEPLOYMENT_RECORDS_SKIP_BUILD=1 (use the dist/ already built).
import childProcess from 'node:child_process';
import path from 'node:path';
import { ensureVscodeServer } from './vscodeServerInstall.js';
import { startServer, workbenchUrl } from './vscodeServer.js';
import { REPO_ROOT, buildExtension, createDemoWorkspace, demoRoot, installBuiltExtension } from './demoWorkspace.js';

function desktopCodeAvailable() {
  return childProcess.spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

function openInDesktop(workspace) {
  process.stdout.write('Opening desktop VS Code with the extension under development...\n');
  const result = childProcess.spawnSync('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, workspace], { stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`"code" exited with ${result.status ?? result.signal}.`);
  }
}

async function serveInBrowser(workspace) {
  const install = ensureVscodeServer();
  const dataDir = path.join(demoRoot(), 'vscode-data');
  const extensionsDir = path.join(dataDir, 'extensions');
  installBuiltExtension(extensionsDir);
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (process.env.PORT && !(port > 0 && port < 65536)) {
    throw new Error(`PORT must be a port number, not "${process.env.PORT}".`);
  }
  // The demo folder is ours, so it is trusted (tool versions are collected), and git stays
  // on so the Source Control view shows the records' history.
  const server = await startServer({
    install,
    dataDir,
    port,
    extensionsDir,
    settings: { 'git.enabled': true, 'git.autoRepositoryDetection': true }
  });
  const url = workbenchUrl({ port: server.port, folder: workspace });
  process.stdout.write(
    '\nVS Code (server) is running with Deployment Records installed. Open this URL in a browser:\n\n' +
      `  ${url}\n\n` +
      'It listens on 127.0.0.1 only; from another machine, forward the port first ' +
      `(ssh -L ${server.port}:127.0.0.1:${server.port} this-host).\nPress Ctrl-C to stop.\n`
  );
  let stopping = false;
  const stop = async (code) => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write('\nStopping VS Code server...\n');
    await server.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));
  server.process.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`The VS Code server stopped unexpectedly (${code ?? signal}). Its output:\n${server.output()}\n`);
      process.exit(1);
    }
  });
}

async function main() {
  buildExtension();
  const workspace = await createDemoWorkspace();
  const host = (process.env.DEPLOYMENT_RECORDS_DEMO_HOST || (desktopCodeAvailable() ? 'desktop' : 'server')).toLowerCase();
  if (host === 'desktop') {
    openInDesktop(workspace);
  } else if (host === 'server') {
    await serveInBrowser(workspace);
  } else {
    throw new Error(`DEPLOYMENT_RECORDS_DEMO_HOST must be "desktop" or "server", not "${host}".`);
  }
}

main().catch((error) => {
  process.stderr.write(`\nnpm start failed: ${error.message}\n`);
  process.exit(1);
});

