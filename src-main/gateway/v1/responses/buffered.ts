/** A non-stream chat completion → a Responses API object. Pure. */
import { AppError } from '../../../util/errors.js';
import { errorBody } from '../../http.js';
import type { ResponseTransform } from '../../proxy/transform.js';
import { type Json, type ReplyContext, argumentsText, asObject, functionCallItem, messageItem, outcome, outputText, responseObject, responsesUsage } from './common.js';

const JSON_CT = 'application/json';

/** One tool call of a chat answer. */
export interface ChatToolCall {
  readonly id?: string;
  readonly name: string;
  readonly args: string;
}

/** What a non-stream chat completion says: text, tool calls, finish reason, usage. */
export interface ChatAnswer {
  readonly text: string;
  readonly calls: readonly ChatToolCall[];
  readonly finish: unknown;
  readonly usage: Json | null;
}

/** Reads the first choice of a chat completion. */
export function readChatAnswer(chat: Readonly<Json>): ChatAnswer {
  const choice = asObject(Array.isArray(chat.choices) ? chat.choices[0] : undefined);
  const message = asObject(choice?.message) ?? {};
  const calls = (Array.isArray(message.tool_calls) ? message.tool_calls : []).map((c): ChatToolCall => {
    const call = asObject(c) ?? {};
    const fn = asObject(call.function) ?? {};
    return { ...(typeof call.id === 'string' && call.id ? { id: call.id } : {}), name: typeof fn.name === 'string' ? fn.name : '', args: argumentsText(fn.arguments) };
  });
  return { text: typeof message.content === 'string' ? message.content : '', calls, finish: choice?.finish_reason ?? null, usage: responsesUsage(chat.usage) };
}

/** The response object for a chat completion: its text as a message item, then its tool calls. */
export function chatToResponse(chat: Readonly<Json>, rc: ReplyContext): Json {
  const a = readChatAnswer(chat);
  const { status, incomplete_details } = outcome(a.finish);
  const output: Json[] = [];
  // An answer with nothing at all still has its (empty) message, as OpenAI's do.
  if (a.text !== '' || a.calls.length === 0) output.push(messageItem(rc.newId('msg_'), status, [outputText(a.text)]));
  for (const c of a.calls) output.push(functionCallItem(rc.newId('fc_'), status, c.id ?? rc.newId('call_'), c.name, c.args));
  return responseObject(rc, { id: rc.newId('resp_'), status, incompleteDetails: incomplete_details, output, usage: a.usage });
}

/** The buffered transform of a translated non-stream request; upstream errors pass through as they are. */
export function responsesFromChat(rc: ReplyContext): ResponseTransform {
  return {
    kind: 'buffered',
    apply(status, body) {
      if (status >= 300) return { body };
      let chat: Json | null = null;
      try {
        chat = asObject(JSON.parse(body.toString('utf8')));
      } catch {
        chat = null;
      }
      if (!chat) {
        const err = new AppError('upstream_error', 'the endpoint sent an invalid chat completion');
        return { status: 502, body: JSON.stringify(errorBody('openai', err)), contentType: JSON_CT };
      }
      return { status, body: JSON.stringify(chatToResponse(chat, rc)), contentType: JSON_CT };
    },
  };
}
