/**
 * electron-builder configuration: the standalone, offline install of the app
 * for Windows (NSIS installer) and Linux (AppImage and deb), x64.
 *
 * Built on a connected machine of the target OS (`npm run dist:win`,
 * `npm run dist:linux`; README, "Standalone install"): electron-builder
 * downloads the Electron binary, Electron's headers and its packaging tools
 * at build time; the installed app downloads nothing at run time.
 *
 * - The models (`resources/models`) are extra resources, copied outside the
 *   archive to `<resources>/models`, where `modelsDir()` finds them through
 *   `process.resourcesPath`.
 * - Native modules (better-sqlite3, and tfjs-node / tfjs-node-gpu where their
 *   TensorFlow library is installed) are rebuilt for Electron from source by
 *   electron-builder's `@electron/rebuild` step (`npmRebuild`,
 *   `buildDependenciesFromSource`): no prebuilt binary is fetched.
 *   `scripts/check-dist-native.ts` runs first and stops a build that would fail there.
 * - The tfjs-node packages are unpacked from `app.asar` whole, so the addon
 *   `lib/napi-v8/tfjs_binding.node` still finds `deps/lib/` through its
 *   runpath `$ORIGIN/../../deps/lib` (Windows: the DLL beside the addon); the
 *   better-sqlite3 addon is unpacked too (Electron loads addons only from disk).
 *
 * Validated against electron-builder's own schema by
 * `test/unit/electron-builder-config.test.ts`.
 */
import type { Configuration } from 'electron-builder';
import { PACKAGED_MODELS_FOLDER } from './src/main/core/analysis/models-dir';

/** The two native TensorFlow.js packages; both are optional dependencies. */
const TFJS_NATIVE = '@tensorflow/tfjs-node{,-gpu}';

const config: Configuration = {
  appId: 'org.holter-workstation.app',
  productName: 'Holter Workstation',
  executableName: 'holter-workstation',
  copyright: 'Holter Workstation developers',
  directories: { output: 'dist' },
  files: [
    'out/**',
    'package.json',
    // Build intermediates and sources the app never loads.
    `!node_modules/${TFJS_NATIVE}/{build-tmp-napi-v*,deps/include,src,python,binding,scripts}{,/**}`,
    '!node_modules/better-sqlite3/{deps,src}{,/**}',
    '!node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps}{,/**}',
    '!node_modules/better-sqlite3/build/Release/{*.a,test_extension.node}',
    '!**/*.map',
  ],
  extraResources: [{ from: 'resources/models', to: PACKAGED_MODELS_FOLDER, filter: ['**/*'] }],
  asar: true,
  asarUnpack: [`node_modules/${TFJS_NATIVE}/**`, 'node_modules/better-sqlite3/build/Release/*.node'],
  npmRebuild: true,
  buildDependenciesFromSource: true,
  nodeGypRebuild: false,
  publish: null,
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    deleteAppDataOnUninstall: false,
    artifactName: '${name}-setup-${version}-${arch}.${ext}',
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'Science',
    maintainer: 'Holter Workstation developers',
    synopsis: 'ECG Holter review workstation',
  },
  appImage: {
    artifactName: '${name}-${version}-${arch}.${ext}',
  },
  // The deb keeps Debian's own file name, holter-workstation_0.1.0_amd64.deb.
  deb: {
    priority: 'optional',
  },
};

export default config;
