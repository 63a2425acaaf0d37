export * from './metallb-address-pools-props';
export * from './metallb-address-pools';
