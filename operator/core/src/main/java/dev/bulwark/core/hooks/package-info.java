/**
 * Pre and post hook commands around a backup job (R5): run as processes without a shell, bounded in
 * time and in captured output. A failing pre hook fails the job; post hooks always run.
 */
package dev.bulwark.core.hooks;
