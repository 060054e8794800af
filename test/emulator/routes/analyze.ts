import type { RouteDef } from '../http';

export const analyzeRoutes: RouteDef[] = [];
