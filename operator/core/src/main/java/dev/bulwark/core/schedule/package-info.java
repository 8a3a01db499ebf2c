/**
 * Time as written in specs: cron schedules in a time zone ({@link
 * dev.bulwark.core.schedule.CronSchedule}, built on cron-utils), time zone names, durations such as
 * {@code 5m}, and the schedule defaults of each kind.
 */
package dev.bulwark.core.schedule;
