// IN-3: the names XenDeck gives to domains. Existing domains may have any name (libxl has no
// character restriction) and are addressed by domid; new names must be boring.
import { ApiError } from '@shared/api/errors';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkNewDomainName(name: string): string {
  let why: string | undefined;
  if (!NAME.test(name)) why = 'use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit';
  else if (/^\d+$/.test(name)) why = 'a name of digits only would be read as a domain id';
  else if (name === 'Domain-0') why = 'Domain-0 is the name of the control domain';
  if (why === undefined) return name;
  throw new ApiError({
    code: 'INVALID_INPUT',
    message: `The guest name "${name.slice(0, 80)}" can't be used: ${why}.`,
    hint: 'Choose another name, for example "web-01".',
    details: { field: 'name' },
  });
}
