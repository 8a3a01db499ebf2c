/** Child processes: bounded capture of their output and killing a whole process tree. */
package dev.bulwark.core.process;
