/** Network settings shared by Processing, Training and Model steps. */
import type { Value } from './expressions.js';
import { renderValue, type Json, type ReferenceSink } from './render-value.js';

export interface NetworkProps {
  subnets?: Value[];
  securityGroupIds?: Value[];
  /** Default: false. */
  enableNetworkIsolation?: boolean;
  /** Default: false. */
  encryptInterContainerTraffic?: boolean;
}

/** `{SecurityGroupIds, Subnets}` or undefined when neither is set. */
export function renderVpcConfig(network: NetworkProps | undefined, sink?: ReferenceSink): Json | undefined {
  const subnets = network?.subnets ?? [];
  const groups = network?.securityGroupIds ?? [];
  if (subnets.length === 0 && groups.length === 0) return undefined;
  return {
    SecurityGroupIds: groups.map((v) => renderValue(v, sink)),
    Subnets: subnets.map((v) => renderValue(v, sink)),
  };
}
