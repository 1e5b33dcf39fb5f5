import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkdir, ownerIsDead, parseOwner, processStart, removeWorkdir, sweepStaleWorkdirs } from '../../../runner/sandbox/workdir.ts';

describe('workdir ownership', () => {
  it('reads the owner from the name, and only from names the sandbox makes', () => {
    expect(parseOwner('lb-sandbox-123-456789-AbC123')).toEqual({ pid: 123, start: '456789' });
    expect(parseOwner('lb-sandbox-AbC123')).toBeNull();
    expect(parseOwner('lb-sandbox-123-456789-AbC123/x')).toBeNull();
    expect(parseOwner('lb-ledgers-123-456-abc')).toBeNull();
  });

  it('calls an owner dead when its pid is gone or now belongs to a later process', () => {
    const name = 'lb-sandbox-42-1000-xyzXYZ';
    expect(ownerIsDead(name, () => null)).toBe(true);
    expect(ownerIsDead(name, () => '2000')).toBe(true);
    expect(ownerIsDead(name, () => '1000')).toBe(false);
    expect(ownerIsDead('not-ours', () => null)).toBe(false);
  });

  it('knows this process as alive and an exited one as gone', () => {
    const self = processStart(process.pid);
    expect(self).toMatch(/^\d+$/);
    expect(processStart('self')).toBe(self);
    const child = spawnSync('true');
    expect(processStart(child.pid!)).toBeNull();
  });
});

describe('sweepStaleWorkdirs', () => {
  let root = '';
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("removes dead owners' dirs and keeps live owners' and foreign ones", async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lb-sweep-'));
    const dead = spawnSync('true').pid!;
    const names = {
      dead: `lb-sandbox-${dead}-1-aaaaaa`,
      reused: `lb-sandbox-${process.pid}-1-bbbbbb`,
      live: `lb-sandbox-${process.pid}-${processStart('self')}-cccccc`,
      foreign: 'lb-sandbox-dddddd',
    };
    for (const name of Object.values(names)) await mkdir(path.join(root, name, 'sub'), { recursive: true });
    const removed = await sweepStaleWorkdirs(root);
    expect(removed.sort()).toEqual([names.dead, names.reused].sort());
    expect(existsSync(path.join(root, names.dead))).toBe(false);
    expect(existsSync(path.join(root, names.reused))).toBe(false);
    expect(existsSync(path.join(root, names.live))).toBe(true);
    expect(existsSync(path.join(root, names.foreign))).toBe(true);
  });

  it('makes dirs named after this process, which a sweep never takes', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lb-sweep-'));
    const dir = await createWorkdir(root);
    expect(parseOwner(path.basename(dir))).toEqual({ pid: process.pid, start: processStart('self') });
    expect(await sweepStaleWorkdirs(root)).toEqual([]);
    await removeWorkdir(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
