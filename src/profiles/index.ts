export * from './environment-profile';
export * from './environment';
export * from './resolved-profile';
export * from './cloud-names';
export * from './builtin-profiles';
export { parseAddressRange, rangesOverlap, rangeContains, AddressRange } from './ip-ranges';
