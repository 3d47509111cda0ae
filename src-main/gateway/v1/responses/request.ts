/**
 * A Responses API request → a `/v1/chat/completions` body. Pure. `instructions` become the first system
 * message, `max_output_tokens` → `max_tokens`, function tools → chat tools, `text.format` →
 * `response_format`; streams ask for usage so `response.completed` can carry it. Fields that only make
 * sense with stored state (`previous_response_id`, `conversation`) or built-in tools are refused.
 */
import { type Json, asObject, num } from './common.js';
import { invalid, toMessages } from './input.js';

/** Sampling fields llama.cpp and Ollama take on chat that Responses clients of local servers also send. */
const PASSED = ['seed', 'stop', 'top_k', 'min_p', 'presence_penalty', 'frequency_penalty', 'repeat_penalty'] as const;

/** The chat body of a Responses request (`model` is set per target by the proxy). */
export function toChatRequest(req: Readonly<Json>, stream: boolean): Json {
  for (const field of ['previous_response_id', 'conversation'] as const) {
    if (req[field] !== undefined && req[field] !== null) {
      throw invalid(`'${field}' needs stored responses, which this endpoint does not keep: send the whole conversation in 'input'`, field);
    }
  }
  const messages: Json[] = [];
  if (typeof req.instructions === 'string' && req.instructions !== '') messages.push({ role: 'system', content: req.instructions });
  messages.push(...toMessages(req.input));
  if (messages.length === 0) throw invalid("'input' is required", 'input');
  const out: Json = { model: req.model, messages, stream };
  if (stream) out.stream_options = { include_usage: true };
  const max = num(req.max_output_tokens);
  if (max !== null) {
    if (max < 1) throw invalid("'max_output_tokens' must be a positive integer", 'max_output_tokens');
    out.max_tokens = Math.floor(max);
  }
  if (num(req.temperature) !== null) out.temperature = req.temperature;
  if (num(req.top_p) !== null) out.top_p = req.top_p;
  for (const k of PASSED) if (req[k] !== undefined && req[k] !== null) out[k] = req[k];
  const tools = chatTools(req.tools);
  if (tools) {
    out.tools = tools;
    const choice = chatToolChoice(req.tool_choice);
    if (choice !== undefined) out.tool_choice = choice;
    if (typeof req.parallel_tool_calls === 'boolean') out.parallel_tool_calls = req.parallel_tool_calls;
  }
  const format = responseFormat(req.text);
  if (format) out.response_format = format;
  return out;
}

/** Function tools → chat tools; built-in tools (web search, files, …) cannot run on a local server. */
function chatTools(tools: unknown): Json[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalid("'tools' must be an array", 'tools');
  const out = tools.map((t, i): Json => {
    const tool = asObject(t);
    if (tool?.type !== 'function') {
      throw invalid(`tools[${i}]: only function tools are supported by this endpoint (got '${String(tool?.type)}')`, `tools[${i}].type`);
    }
    if (typeof tool.name !== 'string' || tool.name === '') throw invalid(`tools[${i}].name must be a non-empty string`, `tools[${i}].name`);
    return {
      type: 'function',
      function: {
        name: tool.name,
        ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
        parameters: asObject(tool.parameters) ?? { type: 'object', properties: {} },
        ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      },
    };
  });
  return out.length > 0 ? out : undefined;
}

function chatToolChoice(choice: unknown): unknown {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const o = asObject(choice);
  if (o?.type === 'function' && typeof o.name === 'string') return { type: 'function', function: { name: o.name } };
  throw invalid("'tool_choice' must be auto, none, required or {type:'function', name} for this endpoint", 'tool_choice');
}

/** `text.format` → chat `response_format` (plain text needs none). */
function responseFormat(text: unknown): Json | undefined {
  const f = asObject(asObject(text)?.format);
  if (!f || f.type === 'text') return undefined;
  if (f.type === 'json_object') return { type: 'json_object' };
  if (f.type === 'json_schema') {
    const schema = asObject(f.schema);
    if (!schema) throw invalid("'text.format.schema' must be a JSON schema object", 'text.format.schema');
    return {
      type: 'json_schema',
      json_schema: {
        name: typeof f.name === 'string' && f.name ? f.name : 'response',
        schema,
        ...(typeof f.description === 'string' ? { description: f.description } : {}),
        ...(typeof f.strict === 'boolean' ? { strict: f.strict } : {}),
      },
    };
  }
  throw invalid(`'text.format.type' '${String(f.type)}' is not supported`, 'text.format.type');
}
