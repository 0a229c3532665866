/**
 * SageMaker model package group name for a domain and objective: `<domain>-<objective>` with
 * every run of characters outside [a-zA-Z0-9] turned into one hyphen, at most 63 characters
 * (the API's pattern `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`).
 */
export function modelPackageGroupName(domain: string, objective: string): string {
  const name = `${domain}-${objective}`
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name === '' ? 'sagewire-model' : name;
}
