import type { Folder } from './types';

/** A folder as the simulator stores it. Times are epoch milliseconds. */
export interface StoredFolder {
  id: string;
  name: string;
  parentFolderId?: string;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A change to apply to a folder when its update task completes. */
export interface FolderChange {
  name?: string;
  parentFolderId?: string;
}

/** Longest parent chain followed when building a path, so a cycle cannot loop forever. */
const MAX_PATH_DEPTH = 64;

/** The simulator's file-manager folders. Unknown folders are created on first use, named `folder-<id>`. */
export class FolderStore {
  private readonly folders = new Map<string, StoredFolder>();

  constructor(private readonly now: () => number) {}

  /** Returns the folder, creating it at the root if it does not exist yet. */
  ensure(id: string): StoredFolder {
    const existing = this.folders.get(id);
    if (existing) return existing;
    const at = this.now();
    const created: StoredFolder = { id, name: `folder-${id}`, archived: false, createdAt: at, updatedAt: at };
    this.folders.set(id, created);
    return created;
  }

  /** Creates or replaces a folder (`name` defaults to `folder-<id>`, root when `parentFolderId` is absent). */
  seed(folder: { id: string; name?: string; parentFolderId?: string }): Folder {
    const at = this.now();
    const { id, name = `folder-${folder.id}`, parentFolderId } = folder;
    this.folders.set(id, { id, name, parentFolderId, archived: false, createdAt: at, updatedAt: at });
    return this.view(id);
  }

  /**
   * Applies a completed update at time `at` (epoch ms, default now) and returns the folder as HubSpot would show it.
   * Creates the folder and a missing parent on the way.
   */
  apply(id: string, change: FolderChange, at: number = this.now()): Folder {
    const folder = this.ensure(id);
    if (change.parentFolderId !== undefined) this.ensure(change.parentFolderId);
    const updated: StoredFolder = { ...folder, ...withoutUndefined(change), updatedAt: Math.max(folder.updatedAt, at) };
    this.folders.set(id, updated);
    return this.view(id);
  }

  /** The folder in wire form, or undefined when unknown. */
  get(id: string): Folder | undefined {
    return this.folders.has(id) ? this.view(id) : undefined;
  }

  private view(id: string): Folder {
    const folder = this.ensure(id);
    const { createdAt, updatedAt, parentFolderId, ...rest } = folder;
    return {
      ...rest,
      ...(parentFolderId === undefined ? {} : { parentFolderId }),
      path: this.pathOf(folder),
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
    };
  }

  private pathOf(folder: StoredFolder): string {
    const names: string[] = [];
    let current: StoredFolder | undefined = folder;
    while (current && names.length < MAX_PATH_DEPTH) {
      names.unshift(current.name);
      current = current.parentFolderId === undefined ? undefined : this.folders.get(current.parentFolderId);
    }
    return `/${names.join('/')}`;
  }
}

function withoutUndefined(change: FolderChange): FolderChange {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}
