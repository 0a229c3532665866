import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { checkNetworkParameters, definitionParameters, parseParameterOverrides } from './parameters.js';

const declared = definitionParameters({
  Parameters: [
    { Name: 'InstanceType', Type: 'String', DefaultValue: 'ml.m5.xlarge' },
    { Name: 'Count', Type: 'Integer', DefaultValue: 1 },
    { Name: 'Threshold', Type: 'Float', DefaultValue: 6.0 },
    { Name: 'Flag', Type: 'Boolean', DefaultValue: false },
  ],
});

describe('--param overrides', () => {
  it('parses K=V, keeps "=" inside values, and the last of a repeated name wins', () => {
    expect(parseParameterOverrides(['InstanceType=a=b', 'Count=3', 'Count=4', 'Threshold=0.5', 'Flag=true'], declared)).toEqual([
      { Name: 'InstanceType', Value: 'a=b' },
      { Name: 'Count', Value: '4' },
      { Name: 'Threshold', Value: '0.5' },
      { Name: 'Flag', Value: 'true' },
    ]);
  });

  it('names an unknown parameter and lists the declared ones', () => {
    expect(() => parseParameterOverrides(['Typo=1'], declared)).toThrow(UsageError);
    expect(() => parseParameterOverrides(['Typo=1'], declared)).toThrow(/--param Typo: .*no such parameter.*InstanceType, Count, Threshold, Flag/);
  });

  it('checks values against the declared type and reports every problem at once', () => {
    let message = '';
    try {
      parseParameterOverrides(['Count=1.5', 'Threshold=abc', 'Flag=yes', 'novalue'], declared);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('--param Count: Integer parameter needs an integer, got "1.5"');
    expect(message).toContain('--param Threshold: Float parameter needs a number, got "abc"');
    expect(message).toContain('--param Flag: Boolean parameter needs true or false, got "yes"');
    expect(message).toContain('--param "novalue": expected NAME=VALUE');
  });

  it('knows a definition without Parameters declares none', () => {
    expect(definitionParameters({ Steps: [] })).toEqual([]);
    expect(() => parseParameterOverrides(['A=1'], [])).toThrow(/declares: none/);
  });

  it('refuses to start when a VpcConfig parameter would be empty', () => {
    const def = {
      Parameters: [
        { Name: 'VPC_SUBNET', Type: 'String', DefaultValue: '' },
        { Name: 'SECURITY_GROUP_ID', Type: 'String', DefaultValue: 'sg-0default' },
      ],
      Steps: [
        {
          Name: 'P',
          Type: 'Processing',
          Arguments: { NetworkConfig: { VpcConfig: { Subnets: [{ Get: 'Parameters.VPC_SUBNET' }], SecurityGroupIds: [{ Get: 'Parameters.SECURITY_GROUP_ID' }] } } },
        },
      ],
    };
    expect(() => checkNetworkParameters(def, [])).toThrow(/empty VPC_SUBNET\. Pass --param VPC_SUBNET=<id>/);
    expect(() => checkNetworkParameters(def, [{ Name: 'VPC_SUBNET', Value: 'subnet-1' }])).not.toThrow();
    expect(() => checkNetworkParameters({ Steps: [{ Name: 'X', Arguments: {} }] }, [])).not.toThrow();
  });
});
