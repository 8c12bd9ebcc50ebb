export type { GroupId, GroupSpec, Localized, OptionDefault, OptionSpec, OptionType, Unit } from './types';
export { GROUPS, GROUP_ORDER, groupIndex } from './groups';
export { ALL_OPTIONS, closestOptionName, editDistance, getOption, optionOrder, optionsByGroup } from './lookup';
export { recommendShadowMemory } from './shadow-memory';
