import type { FolderBody } from './types';

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

/** Options of {@link FolderStore}. */
export interface FolderStoreOptions {
  /**
   * Whether a folder id the store has never seen exists anyway, at the root and named `folder-<id>` (created on first
   * use, a stand-in for a portal's existing folders). Defaults to true. With false, only seeded folders (and those a
   * task created) exist, and `GET /files/v3/folders/{id}` answers 404 for the rest.
   */
  implicitFolders?: boolean;
}

/** Longest parent chain followed when building a path, so a cycle cannot loop forever. */
const MAX_PATH_DEPTH = 64;

/**
 * The simulator's file-manager folder tree. A folder's `path` is built from its ancestors' names on every read, so a
 * completed rename or move changes the path of its whole subtree at once ("an async folder update moves the whole
 * subtree", HubSpot's Files API reference).
 *
 * Assumptions beyond HubSpot's documentation: a path is `/` + the names from the root down, joined by `/`; a root
 * folder has no `parentFolderId`; names are not checked for collisions; a change that would make a folder its own
 * ancestor keeps the old parent (HubSpot's behaviour there is undocumented).
 */
export class FolderStore {
  private readonly folders = new Map<string, StoredFolder>();
  private readonly implicit: boolean;

  constructor(
    private readonly now: () => number,
    options: FolderStoreOptions = {},
  ) {
    this.implicit = options.implicitFolders ?? true;
  }

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
  seed(folder: { id: string; name?: string; parentFolderId?: string }): FolderBody {
    const at = this.now();
    const { id, name = `folder-${folder.id}`, parentFolderId } = folder;
    this.folders.set(id, { id, name, parentFolderId, archived: false, createdAt: at, updatedAt: at });
    return this.view(id);
  }

  /**
   * Applies a completed update at time `at` (epoch ms, default now) and returns the folder as HubSpot would show it.
   * Creates the folder and a missing parent on the way.
   */
  apply(id: string, change: FolderChange, at: number = this.now()): FolderBody {
    const folder = this.ensure(id);
    const next = withoutUndefined(change);
    if (next.parentFolderId !== undefined) {
      this.ensure(next.parentFolderId);
      if (this.isAncestorOrSelf(id, next.parentFolderId)) delete next.parentFolderId;
    }
    const updated: StoredFolder = { ...folder, ...next, updatedAt: Math.max(folder.updatedAt, at) };
    this.folders.set(id, updated);
    return this.view(id);
  }

  /** The folder in wire form, or undefined when unknown. Never creates one (for assertions). */
  get(id: string): FolderBody | undefined {
    return this.folders.has(id) ? this.view(id) : undefined;
  }

  /** The folder as `GET /files/v3/folders/{id}` shows it: created first when folders are implicit. */
  read(id: string): FolderBody | undefined {
    if (this.implicit) this.ensure(id);
    return this.get(id);
  }

  private isAncestorOrSelf(ancestor: string, id: string): boolean {
    let current: string | undefined = id;
    for (let depth = 0; current !== undefined && depth < MAX_PATH_DEPTH; depth++) {
      if (current === ancestor) return true;
      current = this.folders.get(current)?.parentFolderId;
    }
    return false;
  }

  private view(id: string): FolderBody {
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
