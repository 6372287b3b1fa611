import { describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../src/auth/authenticate-api-key.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { createDevelopmentKey } from '../../src/auth/create-development-key.ts';
import { listApiKeys } from '../../src/auth/list-api-keys.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { useBillingContext } from '../billing/helpers.ts';

describe('createDevelopmentKey (npm start on the embedded store)', () => {
  const test = useBillingContext();

  it('makes a fresh admin key each start and revokes the earlier development keys, no other key', async () => {
    const other = await createApiKey(test.ctx, { name: 'ci', role: 'operator' });
    const first = await createDevelopmentKey(test.ctx);
    expect(first).toMatchObject({ revoked: 0, apiKey: { name: 'development', role: 'admin', status: 'active' } });
    expect((await authenticateApiKey(test.ctx, first.secret)).role).toBe('admin');

    const second = await createDevelopmentKey(test.ctx);
    expect(second.revoked).toBe(1);
    expect(second.secret).not.toBe(first.secret);
    const refused = await authenticateApiKey(test.ctx, first.secret).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RevbridgeError);
    expect((refused as RevbridgeError).code).toBe('unauthenticated');
    expect((await authenticateApiKey(test.ctx, second.secret)).keyId).toBe(second.apiKey.id);
    expect((await authenticateApiKey(test.ctx, other.secret)).role).toBe('operator');

    const listed = await listApiKeys(test.ctx);
    expect(listed.map((k) => [k.name, k.status])).toEqual([
      ['ci', 'active'],
      ['development', 'revoked'],
      ['development', 'active'],
    ]);
  });
});
