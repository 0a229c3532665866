export { manifestPathFor, readManifest, writeManifest, type Asset, type AssetManifest } from './manifest.js';
export { uploadAssets, type UploadResult } from './upload.js';
