/**
 * Responses `input` (a string or a list of items) → chat `messages`. Pure; a shape the chat API cannot
 * carry is a 400 naming the item, never a silent guess.
 */
import { AppError } from '../../../util/errors.js';
import { type Json, argumentsText, asObject } from './common.js';

/** A 400 about one request field. */
export function invalid(message: string, param: string): AppError {
  return new AppError('invalid_request', message, { param });
}

/** Chat messages of `input`. */
export function toMessages(input: unknown): Json[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) throw invalid("'input' must be a string or an array of input items", 'input');
  const out: Json[] = [];
  input.forEach((raw, i) => {
    const at = `input[${i}]`;
    const item = asObject(raw);
    if (!item) throw invalid(`${at} must be an object`, at);
    // `{role, content}` without a type is the shorthand of a message item.
    const type = typeof item.type === 'string' ? item.type : item.role !== undefined ? 'message' : '';
    switch (type) {
      case 'message':
        out.push(message(item, at));
        break;
      case 'function_call':
        addToolCall(out, item, at);
        break;
      case 'function_call_output':
        if (typeof item.call_id !== 'string') throw invalid(`${at}.call_id must be a string`, `${at}.call_id`);
        out.push({ role: 'tool', tool_call_id: item.call_id, content: textOf(item.output, `${at}.output`, TOOL_OUTPUT_PARTS) });
        break;
      // A stateless endpoint can replay neither: references point at stored items (the AI SDK sends them
      // for earlier assistant text when `store` is on) and reasoning is the model's own scratch space.
      case 'item_reference':
      case 'reasoning':
        break;
      default:
        throw invalid(`${at}: input items of type '${type || '(none)'}' are not supported by this endpoint`, `${at}.type`);
    }
  });
  return out;
}

const TEXT_PARTS = new Set(['input_text', 'output_text', 'text']);
const ASSISTANT_PARTS = new Set(['output_text', 'refusal', 'text', 'input_text']);
const TOOL_OUTPUT_PARTS = new Set(['input_text', 'output_text', 'text']);

/** Plain text of a string or of text parts; any other part is a 400. */
function textOf(content: unknown, at: string, allowed: ReadonlySet<string>): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(`${at} must be a string or an array of content parts`, at);
  return content
    .map((p, j) => {
      const part = asObject(p);
      const type = typeof part?.type === 'string' ? part.type : '';
      if (!part || !allowed.has(type)) throw invalid(`${at}[${j}]: content of type '${type || '(none)'}' is not supported here`, `${at}[${j}]`);
      return typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : '';
    })
    .join('');
}

function message(item: Json, at: string): Json {
  const role = item.role;
  switch (role) {
    case 'system':
    case 'developer':
      // Chat servers other than OpenAI's know no `developer` role.
      return { role: 'system', content: textOf(item.content, `${at}.content`, TEXT_PARTS) };
    case 'assistant':
      return { role: 'assistant', content: textOf(item.content, `${at}.content`, ASSISTANT_PARTS) };
    case 'user':
      return { role: 'user', content: userContent(item.content, `${at}.content`) };
    default:
      throw invalid(`${at}.role must be one of user, assistant, system, developer`, `${at}.role`);
  }
}

/** User content: a string, or chat parts (text and images); a single text part collapses to a string. */
function userContent(content: unknown, at: string): string | Json[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(`${at} must be a string or an array of content parts`, at);
  const parts = content.map((p, j): Json => {
    const part = asObject(p);
    const type = typeof part?.type === 'string' ? part.type : '';
    if (part && TEXT_PARTS.has(type)) return { type: 'text', text: typeof part.text === 'string' ? part.text : '' };
    if (part && type === 'input_image') {
      const url = typeof part.image_url === 'string' ? part.image_url : asObject(part.image_url)?.url;
      if (typeof url !== 'string') throw invalid(`${at}[${j}]: images must be given by 'image_url' (file ids need stored files)`, `${at}[${j}]`);
      const detail = typeof part.detail === 'string' && part.detail !== 'auto' ? { detail: part.detail } : {};
      return { type: 'image_url', image_url: { url, ...detail } };
    }
    throw invalid(`${at}[${j}]: content of type '${type || '(none)'}' is not supported by this endpoint`, `${at}[${j}]`);
  });
  return parts.length === 1 && parts[0]!.type === 'text' ? (parts[0]!.text as string) : parts;
}

/** A `function_call` item joins the assistant message just before it, or starts one (chat keeps calls on the message). */
function addToolCall(out: Json[], item: Json, at: string): void {
  if (typeof item.call_id !== 'string' || typeof item.name !== 'string') {
    throw invalid(`${at}: a function_call needs string 'call_id' and 'name'`, at);
  }
  const call = { id: item.call_id, type: 'function', function: { name: item.name, arguments: argumentsText(item.arguments) } };
  const last = out[out.length - 1];
  if (last?.role === 'assistant') {
    last.tool_calls = [...((last.tool_calls as Json[] | undefined) ?? []), call];
    if (last.content === '') last.content = null;
  } else {
    out.push({ role: 'assistant', content: null, tool_calls: [call] });
  }
}
