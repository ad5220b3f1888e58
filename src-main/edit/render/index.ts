/**
 * Temporary: the render engine moved to `src-main/audio/` (issue 11); the programme service is
 * being split at the same time and still imports it from here. Removed once it imports `../audio`.
 */
export * from '../../audio';
