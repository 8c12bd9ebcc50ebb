// Domain UUIDs as xl reads them (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
import { fail, ok, type SublangResult } from './result';

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseUuid(raw: string): SublangResult<string> {
  if (!UUID_RE.test(raw)) {
    return fail('bad-uuid', `"${raw}" is not a UUID (8-4-4-4-12 hexadecimal digits).`, 1);
  }
  return ok(raw.toLowerCase());
}
