// Packages the extension the way `npm run package` does, checks what went into the .vsix,
// and installs it with the VS Code server's own CLI, so the `packaged` integration
// configuration runs exactly the code a user would install.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// What a .vsix must never carry: sources, tests, dev dependencies.
const FORBIDDEN_ENTRIES = [
  { pattern: /^extension\/src\//, why: 'sources (src/)' },
  { pattern: /^extension\/node_modules\//, why: 'node_modules/' },
  { pattern: /^extension\/test\//, why: 'tests (test/)' },
  { pattern: /\.ts$/, why: 'TypeScript files' }
];

/**
 * Entries of a zip file (name and uncompressed size), read from its central directory,
 * so listing a .vsix needs no unzip tool and no extra package.
 */
export function listZipEntries(file) {
  const zip = fs.readFileSync(file);
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) {
    throw new Error(`${file} is not a zip file (no end-of-central-directory record).`);
  }
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) {
      throw new Error(`${file} has a damaged central directory (entry ${index}).`);
    }
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function runQuietly(command, args, options) {
  const result = childProcess.spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Packages the repository (dist/ must be built) into `<tempDir>/deployment-records.vsix`,
 * prints its contents, and throws when it carries sources, tests or node_modules.
 */
export function packageExtension({ repoRoot, tempDir, write }) {
  const vsix = path.join(tempDir, 'deployment-records.vsix');
  // stdin closed: a vsce question (a missing field, say) fails the run instead of hanging it.
  runQuietly(path.join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], {
    cwd: repoRoot
  });
  const entries = listZipEntries(vsix);
  const files = entries.filter((entry) => !entry.name.endsWith('/'));
  const unpacked = files.reduce((sum, entry) => sum + entry.size, 0);
  write(`deployment-records.vsix: ${files.length} files, ${formatSize(fs.statSync(vsix).size)} (${formatSize(unpacked)} unpacked)\n`);
  for (const entry of files) {
    write(`  ${entry.name.padEnd(44)} ${formatSize(entry.size).padStart(10)}\n`);
  }
  const forbidden = files.flatMap((entry) =>
    FORBIDDEN_ENTRIES.filter((rule) => rule.pattern.test(entry.name)).map((rule) => `${entry.name} (${rule.why})`)
  );
  if (forbidden.length > 0) {
    throw new Error(`The .vsix contains what it must not:\n  ${forbidden.join('\n  ')}\nCheck .vscodeignore.`);
  }
  return vsix;
}

/**
 * Installs `vsix` into `<tempDir>/installed` with the server's `--install-extension`, and
 * returns the folder VS Code unpacked it into.
 */
export function installWithServerCli({ install, vsix, tempDir, extensionId }) {
  const extensionsDir = path.join(tempDir, 'installed');
  // Its own data folders, so the CLI writes nothing into the user's home.
  runQuietly(
    install.node24,
    [
      install.serverMain,
      '--install-extension', vsix,
      '--extensions-dir', extensionsDir,
      '--server-data-dir', path.join(tempDir, 'install-server-data'),
      '--user-data-dir', path.join(tempDir, 'install-user-data'),
      '--accept-server-license-terms'
    ],
    { cwd: install.codeServerDir }
  );
  const registry = JSON.parse(fs.readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8'));
  const entry = registry.find((candidate) => candidate?.identifier?.id?.toLowerCase() === extensionId.toLowerCase());
  const folder = entry?.relativeLocation ? path.join(extensionsDir, entry.relativeLocation) : undefined;
  if (!folder || !fs.existsSync(path.join(folder, 'package.json'))) {
    throw new Error(`The server's CLI reported success, but ${extensionId} is not in ${extensionsDir}.`);
  }
  return folder;
}
