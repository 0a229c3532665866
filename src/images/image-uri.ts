/**
 * Framework image URIs by region, from sagewire's own table (`table.ts`).
 * A region or version outside the table is a ConfigError naming what is supported.
 */
import { ConfigError } from '../errors.js';
import { DLC_ACCOUNT, PYTORCH, SKLEARN, SKLEARN_XGBOOST_ACCOUNTS, SUPPORTED_REGIONS, XGBOOST } from './table.js';

export interface ImageRequest {
  region: string;
  version: string;
  /** Only PyTorch has GPU images; decided from the instance type (`ml.p*`, `ml.g*`). */
  instanceType?: string;
  /** For PyTorch: must match the image's Python version when given. */
  pyVersion?: string;
  /** Where the request came from, for error messages (e.g. `Package.processing_framework_version`). */
  field?: string;
}

function host(account: string, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${suffix}`;
}

function accountFor(region: string, field?: string): string {
  const account = SKLEARN_XGBOOST_ACCOUNTS[region];
  if (!account) {
    throw new ConfigError(`${field ?? 'region'}: no framework images known for region ${JSON.stringify(region)}; supported: ${SUPPORTED_REGIONS.join(', ')}`);
  }
  return account;
}

function unknownVersion(framework: string, req: ImageRequest, supported: readonly string[]): ConfigError {
  return new ConfigError(
    `${req.field ?? 'framework_version'}: ${framework} version ${JSON.stringify(req.version)} is not supported; expected one of ${supported.join(', ')}`,
  );
}

/** The SKLearn image (processing steps, and sagewire's Node-script steps by default). */
export function sklearnImageUri(req: ImageRequest): string {
  const account = accountFor(req.region, req.field);
  if (!(SKLEARN.versions as readonly string[]).includes(req.version)) throw unknownVersion('SKLearn', req, SKLEARN.versions);
  return `${host(account, req.region)}/${SKLEARN.repository}:${req.version}-cpu-py3`;
}

/** The XGBoost framework image (training and inference use the same image). */
export function xgboostImageUri(req: ImageRequest): string {
  const account = accountFor(req.region, req.field);
  if (!(XGBOOST.versions as readonly string[]).includes(req.version)) throw unknownVersion('XGBoost', req, XGBOOST.versions);
  const tag = (XGBOOST.suffixed as readonly string[]).includes(req.version) ? `${req.version}-cpu-py3` : req.version;
  return `${host(account, req.region)}/${XGBOOST.repository}:${tag}`;
}

function isGpu(instanceType: string | undefined): boolean {
  return /^ml\.(p|g)\d/.test(instanceType ?? '');
}

/** The PyTorch training or inference image. */
export function pytorchImageUri(scope: 'training' | 'inference', req: ImageRequest): string {
  accountFor(req.region, req.field);
  const table: { repository: string; pyVersions: Readonly<Record<string, string>> } = PYTORCH[scope];
  const version = PYTORCH.aliases[req.version] ?? req.version;
  const py = table.pyVersions[version];
  if (!py) throw unknownVersion(`PyTorch ${scope}`, req, Object.keys(table.pyVersions));
  if (req.pyVersion && req.pyVersion !== py) {
    throw new ConfigError(`py_version: PyTorch ${version} images are built for ${py}, got ${JSON.stringify(req.pyVersion)}`);
  }
  return `${host(DLC_ACCOUNT, req.region)}/${table.repository}:${version}-${isGpu(req.instanceType) ? 'gpu' : 'cpu'}-${py}`;
}
