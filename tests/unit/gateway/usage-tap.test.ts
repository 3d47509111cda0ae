import { describe, expect, it } from 'vitest';
import { sseUsageTap } from '../../../src-main/gateway/proxy/usage.js';

describe('SSE usage tap', () => {
  it('skips "usage":null chunks and reads the usage object, split anywhere, CRLF or LF', () => {
    for (const nl of ['\n', '\r\n']) {
      const text =
        `data: {"choices":[{"delta":{"content":"a"}}],"usage":null}${nl}${nl}`.repeat(3) +
        `data: {"choices":[],"usage" : {"prompt_tokens":7,"completion_tokens":3}}${nl}${nl}data: [DONE]${nl}${nl}`;
      for (let cut = 1; cut < text.length; cut += 7) {
        const tap = sseUsageTap();
        tap.push(Buffer.from(text.slice(0, cut)));
        tap.push(Buffer.from(text.slice(cut)));
        expect(tap.result()).toEqual({ promptTokens: 7, completionTokens: 3 });
      }
    }
  });

  it('finds nothing when no event carries a usage object', () => {
    const tap = sseUsageTap();
    tap.push(Buffer.from('data: {"usage":null}\n\ndata: {"x":"\\"usage\\": {"}\n\n'));
    expect(tap.result()).toBeNull();
  });
});
