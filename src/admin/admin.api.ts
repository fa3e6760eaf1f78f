import type { ApiRoute } from '../api/registry';

export const adminApiRoutes: ApiRoute[] = [];
