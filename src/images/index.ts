/** Framework image URIs by region. */
export { sklearnImageUri, xgboostImageUri, pytorchImageUri, type ImageRequest } from './image-uri.js';
export { SUPPORTED_REGIONS } from './table.js';
