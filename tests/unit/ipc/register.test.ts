/** Registration glue: sender facts from electron events, and core events pushed to the window. */
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL } from '../../../src-main/ipc/channels.js';
import { forwardEvents, senderFacts } from '../../../src-main/ipc/register.js';
import { fakeAdmin, ID } from './fake-admin.js';

function contents(destroyed = false) {
  const sent: unknown[][] = [];
  return { sent, isDestroyed: () => destroyed, send: (...args: unknown[]) => sent.push(args) };
}

describe('senderFacts', () => {
  it('recognises our webContents and reads the frame URL', () => {
    const ours = contents();
    const facts = senderFacts({ sender: ours, senderFrame: { url: 'app://llmlb/index.html' } } as never, () => ours as never);
    expect(facts).toEqual({ fromOurWindow: true, frameUrl: 'app://llmlb/index.html' });
  });

  it('marks other, destroyed or missing webContents as not ours', () => {
    const ours = contents();
    const other = contents();
    const event = (sender: unknown) => ({ sender, senderFrame: { url: 'app://llmlb/' } }) as never;
    expect(senderFacts(event(other), () => ours as never).fromOurWindow).toBe(false);
    expect(senderFacts(event(ours), () => null).fromOurWindow).toBe(false);
    const dead = contents(true);
    expect(senderFacts(event(dead), () => dead as never).fromOurWindow).toBe(false);
  });

  it('treats a missing or detached frame as no frame', () => {
    const ours = contents();
    expect(senderFacts({ sender: ours, senderFrame: null } as never, () => ours as never).frameUrl).toBeNull();
    const detached = {
      sender: ours,
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(senderFacts(detached as never, () => ours as never).frameUrl).toBeNull();
  });
});

describe('forwardEvents', () => {
  it('pushes every core event on events:push until unsubscribed', () => {
    const fake = fakeAdmin();
    const wc = contents();
    const stop = forwardEvents(fake.admin, () => wc as never);
    const event = { type: 'endpoint.deleted', endpoint_id: ID } as const;
    fake.emit(event);
    expect(wc.sent).toEqual([[EVENT_CHANNEL, event]]);
    stop();
    fake.emit(event);
    expect(wc.sent).toHaveLength(1);
  });

  it('drops events while there is no live window', () => {
    const fake = fakeAdmin();
    const dead = contents(true);
    let target: ReturnType<typeof contents> | null = null;
    forwardEvents(fake.admin, () => target as never);
    fake.emit({ type: 'endpoint.deleted', endpoint_id: ID });
    target = dead;
    fake.emit({ type: 'endpoint.deleted', endpoint_id: ID });
    expect(dead.sent).toEqual([]);
  });
});
