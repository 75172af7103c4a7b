import type { Story, World } from './kit.ts';
import type { Timeline } from './replay.ts';

export function tenderStories(_world: World, _t: Timeline): Story[] {
  return [];
}
