import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChunkReader } from '../../../src-main/gateway/proxy/reader.js';

async function all(reader: ChunkReader): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const c = await reader.next();
    if (c === null) return out;
    out.push(c.toString());
  }
}

describe('ChunkReader', () => {
  it('reads every chunk in order, then null', async () => {
    const s = Readable.from([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')], { objectMode: false });
    expect((await all(new ChunkReader(s))).join('')).toBe('abc');
  });

  it('hands out buffered data without a promise and waits only when empty', async () => {
    const s = new PassThrough();
    const reader = new ChunkReader(s);
    const pending = reader.next();
    expect(pending).toBeInstanceOf(Promise);
    s.write('x');
    expect((await pending)?.toString()).toBe('x');
    s.write('y');
    await new Promise((r) => setImmediate(r));
    const ready = reader.next();
    expect(ready).not.toBeInstanceOf(Promise);
    expect((ready as Buffer).toString()).toBe('y');
    s.end();
    expect(await reader.next()).toBeNull();
  });

  it("throws the stream's own error (its code intact)", async () => {
    const s = new PassThrough();
    const reader = new ChunkReader(s);
    const next = reader.next();
    s.destroy(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    await expect(next).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('reports a close before the end as a premature close', async () => {
    const s = new PassThrough();
    const reader = new ChunkReader(s);
    const next = reader.next();
    s.destroy();
    await expect(next).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('cancel destroys the stream', () => {
    const s = new PassThrough();
    new ChunkReader(s).cancel();
    expect(s.destroyed).toBe(true);
  });
});

describe('ChunkReader.forEach', () => {
  it('hands chunks over as they arrive and resolves at the end', async () => {
    const s = new PassThrough();
    const seen: string[] = [];
    const done = new ChunkReader(s).forEach((c) => {
      seen.push(c.toString());
      return true;
    });
    s.write('a');
    await new Promise((r) => setImmediate(r));
    s.write('b');
    s.end('c');
    await done;
    expect(seen.join('')).toBe('abc');
  });

  it('pauses while onChunk says so, until resume', async () => {
    const s = new PassThrough();
    const reader = new ChunkReader(s);
    const seen: string[] = [];
    const done = reader.forEach((c) => {
      seen.push(c.toString());
      return seen.length !== 1;
    });
    s.write('a');
    await new Promise((r) => setImmediate(r));
    s.end('b');
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['a']);
    reader.resume();
    await done;
    expect(seen.join('')).toBe('ab');
  });

  it('rejects with the stream error, an onChunk throw, or fail()', async () => {
    const s1 = new PassThrough();
    const r1 = new ChunkReader(s1).forEach(() => true);
    s1.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await expect(r1).rejects.toMatchObject({ code: 'ECONNRESET' });

    const s2 = new PassThrough();
    const r2 = new ChunkReader(s2).forEach(() => {
      throw new Error('client gone');
    });
    s2.write('x');
    await expect(r2).rejects.toThrow('client gone');

    const s3 = new PassThrough();
    const reader = new ChunkReader(s3);
    const r3 = reader.forEach(() => false);
    s3.write('x');
    await new Promise((r) => setImmediate(r));
    reader.fail(new Error('gone'));
    await expect(r3).rejects.toThrow('gone');
  });
});
