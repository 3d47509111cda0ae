/** README.ja.md stays in step with README.md: the same sections at every heading level and the same commands, in order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A Markdown file's headings (outside code) and fenced code blocks, in order. */
export function outline(markdown: string): { headings: number[]; code: string[] } {
  const headings: number[] = [];
  const code: string[] = [];
  let fence: { marker: string; info: string; lines: string[] } | null = null;
  for (const line of markdown.split('\n')) {
    const open = /^(```+|~~~+)(.*)$/.exec(line);
    if (fence) {
      if (open && open[1]!.startsWith(fence.marker) && open[2]!.trim() === '') {
        code.push(`${fence.info}\n${fence.lines.join('\n')}`);
        fence = null;
      } else fence.lines.push(line);
    } else if (open) fence = { marker: open[1]!, info: open[2]!.trim(), lines: [] };
    else {
      const h = /^(#{1,6})\s+\S/.exec(line);
      if (h) headings.push(h[1]!.length);
    }
  }
  return { headings, code };
}

const read = (name: string): string => readFileSync(join(ROOT, name), 'utf8');

describe('README.ja.md', () => {
  const en = outline(read('README.md'));
  const ja = outline(read('README.ja.md'));

  it('has the same sections, level by level and in order', () => {
    expect(ja.headings).toEqual(en.headings);
  });

  it('has the same fenced code blocks (commands), in order', () => {
    expect(ja.code).toEqual(en.code);
  });

  it('the two link to each other at the top', () => {
    expect(read('README.md').split('\n').slice(0, 4).join('\n')).toContain('(README.ja.md)');
    expect(read('README.ja.md').split('\n').slice(0, 4).join('\n')).toContain('(README.md)');
  });

  it('is written in Japanese', () => {
    const text = read('README.ja.md').replace(/```[\s\S]*?```/g, '');
    expect((text.match(/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/gu) ?? []).length).toBeGreaterThan(3000);
  });
});

describe('outline', () => {
  it('ignores headings inside code and tells levels apart', () => {
    const md = ['# A', '```sh', '# not a heading', '```', '## B', '### C', '~~~', 'x', '~~~'].join('\n');
    expect(outline(md)).toEqual({ headings: [1, 2, 3], code: ['sh\n# not a heading', '\nx'] });
  });

  it('notices a missing section or a changed command', () => {
    const a = outline('# A\n## B\n```sh\nnpm test\n```\n');
    expect(outline('# A\n```sh\nnpm test\n```\n').headings).not.toEqual(a.headings);
    expect(outline('# A\n## B\n```sh\nnpm run test\n```\n').code).not.toEqual(a.code);
  });
});
