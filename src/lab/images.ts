/**
 * Builds the lab's image tarballs once and keeps them in a cache folder, so
 * that each `labUp` only imports them. A tarball's name carries a hash of
 * its recipe and inputs. Several labs may build at once, so each writes a
 * temporary file that it renames into place.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImageImport } from './docker-api.js';
import { labImageRecipes, type ImageRecipe } from './image-recipes.js';
import { LabError } from './lab-error.js';
import { runCommand } from './run.js';

/** Raise it when a recipe changes in a way its texts and inputs do not show. */
const recipeFormat = 2;

async function cacheKey(recipe: ImageRecipe): Promise<string> {
  const hash = createHash('sha256').update(`${recipeFormat}\n${recipe.changes.join('\n')}\n`);
  for (const [name, text] of Object.entries(recipe.texts)) hash.update(`${name}\n${text}\n`);
  for (const input of await recipe.inputs()) {
    const info = await stat(input).catch(() => undefined);
    if (!info) {
      throw new LabError(
        `cannot build image ${recipe.repository}:${recipe.tag}: ${input} is missing`,
      );
    }
    hash.update(`${input} ${info.size} ${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function tarballPrefix(recipe: ImageRecipe): string {
  return `${recipe.repository}-${recipe.tag}-`;
}

async function buildTarball(recipe: ImageRecipe, cacheDir: string, tarball: string): Promise<void> {
  const stage = await mkdtemp(path.join(cacheDir, `.build-${recipe.repository}-`));
  const temporary = `${tarball}.${process.pid}.tmp`;
  try {
    const root = path.join(stage, 'root');
    await mkdir(root);
    await recipe.fill(root);
    const action = `build image ${recipe.repository}:${recipe.tag}`;
    await runCommand(
      ['tar', '--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', temporary, '.'],
      action,
    );
    await rename(temporary, tarball);
  } finally {
    await rm(stage, { recursive: true, force: true });
    await rm(temporary, { force: true });
  }
}

/** Deletes the tarballs of older builds of the same image. */
async function removeOldTarballs(
  recipe: ImageRecipe,
  cacheDir: string,
  keep: string,
): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    if (
      entry.startsWith(tarballPrefix(recipe)) &&
      entry.endsWith('.tar') &&
      entry !== path.basename(keep)
    ) {
      await rm(path.join(cacheDir, entry), { force: true });
    }
  }
}

async function ensureTarball(
  recipe: ImageRecipe,
  cacheDir: string,
  log: (line: string) => void,
): Promise<ImageImport> {
  const tarball = path.join(cacheDir, `${tarballPrefix(recipe)}${await cacheKey(recipe)}.tar`);
  const image = {
    repository: recipe.repository,
    tag: recipe.tag,
    tarball,
    changes: recipe.changes,
  };
  if (
    await stat(tarball).then(
      () => true,
      () => false,
    )
  )
    return image;

  const started = Date.now();
  await buildTarball(recipe, cacheDir, tarball);
  await removeOldTarballs(recipe, cacheDir, tarball);
  log(
    `images: built ${recipe.repository}:${recipe.tag} as ${tarball} in ${Date.now() - started} ms`,
  );
  return image;
}

/** Returns the lab's images, building the tarballs that are not cached yet. */
export async function ensureLabImages(
  cacheDir: string,
  log: (line: string) => void,
): Promise<ImageImport[]> {
  await mkdir(cacheDir, { recursive: true });
  const images: ImageImport[] = [];
  for (const recipe of labImageRecipes) images.push(await ensureTarball(recipe, cacheDir, log));
  return images;
}
