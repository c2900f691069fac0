/** One Server-Sent Event: `id:`, `event:` (default `message`) and the joined `data:` lines. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` body to its end (or until `signal` aborts), calling `onMessage` for each event in
 * order. Comments (`: keepalive`) and events without data are skipped, as EventSource does. Used instead of
 * EventSource because that cannot send headers (the workspace, and nothing but cookies for auth).
 */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (message: SseMessage) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let message: SseMessage = { id: null, event: 'message', data: '' };
  let hasData = false;
  const line = (text: string) => {
    if (text === '') {
      if (hasData) onMessage({ ...message, data: message.data.slice(0, -1) });
      message = { id: null, event: 'message', data: '' };
      hasData = false;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') {
      message.data += `${value}\n`;
      hasData = true;
    } else if (field === 'event') message.event = value;
    else if (field === 'id') message.id = value;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // The last piece may be a line still arriving, and a final \r may be half of a \r\n: both wait.
      let text = buffer + decoder.decode(value, { stream: true });
      const heldCr = text.endsWith('\r');
      if (heldCr) text = text.slice(0, -1);
      const lines = text.split(/\r\n|\r|\n/);
      buffer = (lines.pop() ?? '') + (heldCr ? '\r' : '');
      for (const complete of lines) line(complete);
    }
  } finally {
    reader.releaseLock();
  }
}
