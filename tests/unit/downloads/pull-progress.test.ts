import { describe, expect, it } from 'vitest';
import { LineSplitter, PullProgress, parsePullLine } from '../../../src-main/downloads/pull-progress.js';

describe('LineSplitter', () => {
  it('joins lines split across chunks and skips blank ones', () => {
    const s = new LineSplitter();
    expect(s.push('{"status":"pull')).toEqual([]);
    expect(s.push('ing manifest"}\n\n{"a":1}\n{"b"')).toEqual(['{"status":"pulling manifest"}', '{"a":1}']);
    expect(s.push(':2}')).toEqual([]);
    expect(s.end()).toEqual(['{"b":2}']);
    expect(s.end()).toEqual([]);
  });
});

describe('parsePullLine', () => {
  it('reads error, success and layer lines as Ollama sends them', () => {
    expect(parsePullLine('{"error":"pull model manifest: file does not exist"}')).toEqual({
      kind: 'error',
      message: 'pull model manifest: file does not exist',
    });
    expect(parsePullLine('{"status":"success"}')).toEqual({ kind: 'success' });
    expect(parsePullLine('{"status":"pulling abc","digest":"sha256:abc","total":100,"completed":40}')).toEqual({
      kind: 'layer',
      digest: 'sha256:abc',
      total: 100,
      completed: 40,
    });
    // The first line of a layer often has no `completed`.
    expect(parsePullLine('{"status":"pulling abc","digest":"sha256:abc","total":100}')).toMatchObject({ completed: 0 });
    expect(parsePullLine('{"status":"verifying sha256 digest"}')).toEqual({ kind: 'other' });
    expect(parsePullLine('not json')).toEqual({ kind: 'other' });
  });
});

describe('PullProgress', () => {
  it('sums completed over total across the layers seen so far', () => {
    const p = new PullProgress();
    expect(p.update('a', 100, 50)).toEqual({ percent: 50, doneBytes: 50, totalBytes: 100 });
    expect(p.update('a', 100, 100).percent).toBe(100);
    // A new layer appears: the ratio drops (the task clamps it; here it is the raw ratio).
    expect(p.update('b', 300, 0)).toEqual({ percent: 25, doneBytes: 100, totalBytes: 400 });
    expect(p.update('b', 300, 150).percent).toBe(62.5);
  });

  it('never lets a layer go back', () => {
    const p = new PullProgress();
    p.update('a', 100, 80);
    expect(p.update('a', 100, 10).doneBytes).toBe(80);
  });
});
