// Packaging cannot run here (electron-builder downloads Electron), so its config is checked
// against electron-builder's own JSON schema, and for the choices the issue asks for.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../../..');
// js-yaml ships no types; only `load` is used.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const schemaPath = resolve(repoRoot, 'node_modules/app-builder-lib/scheme.json');
const config = load(readFileSync(resolve(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  directories: { buildResources: string };
  files: string[];
  linux: { target: string[]; icon: string };
  win: { target: string[] };
  mac: { target: string[] };
  electronFuses: Record<string, boolean>;
};

// strict: false because the schema uses annotations ajv does not know; compiled once (it is big).
const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', () => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check itself rejects a broken config', () => {
    expect(validate({ ...config, asar: 'yes please' })).toBe(false);
    expect(validate({ ...config, linux: { target: 42 } })).toBe(false);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('names the app and targets every platform as the issue asks', () => {
    expect(config.appId).toBe('io.xendeck.app');
    expect(config.productName).toBe('XenDeck');
    expect(config.directories.buildResources).toBe('build');
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asar).toBe(true);
  });

  it('ships the built app only: no tests, no simulator', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', '!test/**']));
    expect(config.files.some((f) => f.includes('dom0-sim') && f.startsWith('!'))).toBe(true);
  });

  it('flips the fuses of EH-9', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('has its icons, made from the one SVG source', () => {
    for (const p of ['resources/icon.svg', 'build/icon.png', 'resources/icon.png', config.linux.icon]) {
      expect(existsSync(resolve(repoRoot, p)), p).toBe(true);
    }
    const png = readFileSync(resolve(repoRoot, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16..23.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
