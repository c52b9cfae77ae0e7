/**
 * The start of the hour `when` falls in: the only precision at which the relay writes
 * down when a submission arrived (file names, file times, the mail's Date). A time
 * exact to the second could be matched against network logs to find who sent it.
 */
export function startOfHour(when: Date): Date {
  const hour = new Date(when);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
