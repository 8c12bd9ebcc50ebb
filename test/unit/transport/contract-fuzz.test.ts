// EH-6 (c): random JSON thrown at every request of the contract gets a reply envelope with at
// most a schema error, never an INTERNAL error; random frames never throw out of the decoders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES } from '../../../src-main/shared/api';
import { decodeStreamData, parseClientFrame } from '../../../src-main/shared/api/wire';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';

const dispatcher = createDispatcher(createServices({ name: 'XenDeck', version: '1' }), { error: () => undefined, warn: () => undefined });

describe('the contract under random input', () => {
  it.each(REQUEST_NAMES)('%s answers random JSON with a result or INVALID_INPUT only', async (name) => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (input) => {
        const r = await dispatcher.request(name, input, { carrier: 'web', client: 'fuzz' });
        if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
      }),
      { numRuns: 300 },
    );
  });

  it('parses any text frame without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        const r = parseClientFrame(text);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes any binary frame without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = decodeStreamData(bytes);
        if (r.ok) expect(r.sid).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
