/**
 * `sagewire/inventory`: the model inventory (service, records, workflow), its HTTP client,
 * and the registrars (inventory over HTTP, SageMaker Model Registry) behind one interface.
 */
export { startInventoryServer, isLoopback, type InventoryServer, type InventoryServerOptions } from './server/start-server.js';
export { createApp, DEFAULT_MAX_BODY_BYTES, type AppOptions } from './server/create-app.js';
export { parseTokenFile, readTokenFile, type InventoryToken, type TokenRole } from './server/tokens.js';
export { RecordStore, openRecordStore, type CompletedArtifacts } from './records/record-store.js';
export { RegistrationWorkflow, type WorkflowOptions } from './workflow/registration-workflow.js';
export { dataDirArtifactStore, s3ArtifactStore, type ArtifactStore } from './workflow/artifact-store.js';
export { InventoryClient, type InventoryAuth, type InventoryClientOptions, type RegistrationAccepted, type UploadedArtifact } from './client/inventory-client.js';
export { iamAuthorization, serverIdFor, SERVER_ID_HEADER, type IamAuthOptions } from './client/iam-identity.js';
export { IamVerifier, canonicalArn, type IamVerifierOptions } from './server/iam-verify.js';
export type { RetryOptions } from './client/retry.js';
export type {
  ModelRegistrar,
  RegistrationHandle,
  RegistrationStarted,
  RegistrationOutcome,
  WaitOptions,
} from './registrars/model-registrar.js';
export { InventoryRegistrar } from './registrars/inventory-registrar.js';
export { SageMakerRegistrar, type SageMakerRegistrarOptions } from './registrars/sagemaker-registrar.js';
export { modelPackageGroupName } from './registrars/model-package-group-name.js';
export {
  registrationRequestSchema,
  registrationConfigSchema,
  variableListSchema,
  type RegistrationRequest,
  type NormalizedRegistrationRequest,
  type RegistrationConfig,
} from './model/request-schema.js';
export type { Registration, RegistrationStatus, Model, ModelVersion, ModelWithVersions } from './model/records.js';
export { modelIdFor, executionArnFor } from './model/ids.js';
