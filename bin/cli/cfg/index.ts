import type { CommandGroup } from '../io';
import { convertCommand } from './convert';
import { dumpCommand } from './dump';
import { formatCommand } from './format';
import { getCommand } from './get';
import { lintCommand } from './lint';
import { setCommand } from './set';

export const cfgGroup: CommandGroup = {
  name: 'cfg',
  summary: 'Read, check and edit Xen guest configs (xl, and legacy xm) exactly as xl reads them.',
  commands: [lintCommand, formatCommand, dumpCommand, getCommand, setCommand, convertCommand],
};
