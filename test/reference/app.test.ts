// The app's last line of defence: an unexpected exception becomes a 500 ApiError and a log line without the
// exception's message (which might quote request data).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { createTargetApp } from '../../reference/app';
import { DEFAULT_CONFIG } from '../../reference/config';

it('turns an unexpected exception into a 500 ApiError and logs it without its message', async () => {
  const lines: string[] = [];
  const app = await createTargetApp({ config: DEFAULT_CONFIG, log: (l) => lines.push(l) });
  const req = {
    method: 'GET',
    url: '/api/atlas/v2/groups/64a1b2c3d4e5f60718293a4b/streams/conformance-tenant/connections',
    get headers(): never {
      throw new Error('boom with password hunter2');
    },
  } as unknown as IncomingMessage;
  const sent: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const res = {
    headersSent: false,
    writableEnded: false,
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status;
      sent.headers = headers;
    },
    end(body: string) {
      sent.body = body;
    },
  } as unknown as ServerResponse;
  app.handle(req, res);
  await new Promise((r) => setTimeout(r, 20));
  expect(sent.status).toBe(500);
  expect(JSON.parse(sent.body!)).toMatchObject({ error: 500, errorCode: 'UNEXPECTED_ERROR', reason: 'Internal Server Error' });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/unexpected error on GET .* Error/);
  expect(lines[0]).not.toContain('hunter2');
});
