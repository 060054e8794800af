import type { RouteDef } from '../http';

export const taskRoutes: RouteDef[] = [];
