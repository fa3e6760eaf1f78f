import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps';

export function registerAccountRoutes(app: FastifyInstance, deps: Deps): void {
  void app;
  void deps;
}
