import type { RouteDef } from '../http';

export const assetCreateRoutes: RouteDef[] = [];
