import type { RouteDef } from '../http';

export const multipartRoutes: RouteDef[] = [];
