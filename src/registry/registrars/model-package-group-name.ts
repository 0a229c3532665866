/** The group-name rule lives with the specs: compile (RegisterModel steps) and the registrars share it. */
export { modelPackageGroupName } from '../../spec/model-package-group-name.js';
