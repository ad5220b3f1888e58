import path from 'node:path';
import type { StationRegistry } from '../../live/stations/station-registry';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type StationCallName =
  | 'stations.list'
  | 'stations.add'
  | 'stations.update'
  | 'stations.setEnabled'
  | 'stations.streams'
  | 'stations.rotateToken'
  | 'stations.configure'
  | 'stations.importCsv'
  | 'stations.exportCsv';

/** `places`: where a caller may have the CSV written (a window: the folders its user chose). */
export function stationHandlers(
  registry: StationRegistry,
  places: PlacesFor,
): Pick<Handlers, StationCallName> {
  return {
    'stations.list': () => registry.list(),
    'stations.add': (input) => registry.add(input),
    'stations.update': (change) => registry.update(change),
    'stations.setEnabled': ({ code, enabled }) => registry.setEnabled(code, enabled),
    'stations.streams': ({ code }) => registry.streams(code),
    'stations.rotateToken': ({ code }) => registry.rotateToken(code),
    'stations.configure': ({ streamBaseUrl }) => registry.configure(streamBaseUrl),
    'stations.importCsv': ({ csv }) => registry.importCsv(csv),
    'stations.exportCsv': async ({ file, overwrite }, caller) => {
      const target = path.resolve(file);
      await places(caller).assertMayWrite(target);
      return registry.exportCsv(target, overwrite);
    },
  };
}
