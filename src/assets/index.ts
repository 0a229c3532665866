export { manifestPathFor, readManifest, writeManifest, type Asset, type AssetManifest } from './manifest.js';
