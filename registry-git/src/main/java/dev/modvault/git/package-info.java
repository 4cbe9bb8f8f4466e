/**
 * Go modules served straight from git repositories, computed the way the go command computes them in direct mode
 * ({@code GOPROXY=direct}): versions from tags, pseudo-versions for other revisions, go.mod files and module zips.
 */
package dev.modvault.git;
