//! Proleptic Gregorian calendar dates, for the local date that goes with a time code.

use core::fmt;

use super::Error;

/// A calendar date (proleptic Gregorian), the "date" SMPTE ST 2059-1 §7 derives from
/// local time next to the time address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: i64, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if is_leap(y) {
                29
            } else {
                28
            }
        }
    }
}

/// Days in a 400-year Gregorian cycle.
const DAYS_PER_CYCLE: i64 = 146_097;
/// Days from 0000-03-01 to 1970-01-01.
const MARCH_0000_TO_EPOCH: i64 = 719_468;

impl Date {
    /// 1970-01-01, the day of the SMPTE Epoch.
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date `year-month-day`; an error for a month outside 1..=12 or a day the
    /// month does not have.
    pub const fn new(year: i32, month: u8, day: u8) -> Result<Date, Error> {
        if month < 1 || month > 12 {
            return Err(Error::OutOfRange {
                field: "month",
                value: month as i128,
                min: 1,
                max: 12,
            });
        }
        let last = days_in_month(year as i64, month);
        if day < 1 || day > last {
            return Err(Error::OutOfRange {
                field: "day",
                value: day as i128,
                min: 1,
                max: last as i128,
            });
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1..=31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub const fn days_since_epoch(self) -> i64 {
        // Count years from March so that the leap day is the last day of a year.
        let march_based_month = (self.month as i64 + 9) % 12; // March = 0 .. February = 11
        let y = self.year as i64 - (self.month <= 2) as i64;
        let cycle = y.div_euclid(400);
        let year_of_cycle = y.rem_euclid(400);
        // Days from March 1 to the first of the month: 31, 30, 31, 30, 31 repeating.
        let day_of_year = (153 * march_based_month + 2) / 5 + self.day as i64 - 1;
        let day_of_cycle =
            year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
        cycle * DAYS_PER_CYCLE + day_of_cycle - MARCH_0000_TO_EPOCH
    }

    /// The date `days` days after 1970-01-01; an error when the year does not fit an
    /// `i32`.
    pub const fn from_days_since_epoch(days: i64) -> Result<Date, Error> {
        let z = days as i128 + MARCH_0000_TO_EPOCH as i128;
        let cycle = z.div_euclid(DAYS_PER_CYCLE as i128);
        let day_of_cycle = z.rem_euclid(DAYS_PER_CYCLE as i128) as i64; // 0..146096
        // Years into the cycle: remove the leap days (one every 4 years, none every 100,
        // one again on the last day of the cycle) and divide by 365.
        let year_of_cycle = (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524
            - day_of_cycle / (DAYS_PER_CYCLE - 1))
            / 365;
        let day_of_year =
            day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
        let march_based_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * march_based_month + 2) / 5 + 1;
        let month = if march_based_month < 10 {
            march_based_month + 3
        } else {
            march_based_month - 9
        };
        let year = cycle * 400 + year_of_cycle as i128 + (month <= 2) as i128;
        if year < i32::MIN as i128 || year > i32::MAX as i128 {
            return Err(Error::OutOfRange {
                field: "year",
                value: year,
                min: i32::MIN as i128,
                max: i32::MAX as i128,
            });
        }
        Ok(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2026-03-15`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(Date::EPOCH.days_since_epoch(), 0);
        // 56 years of 365 days and 14 leap days (1972..=2024) to 2026-01-01.
        assert_eq!(Date::new(2026, 1, 1).unwrap().days_since_epoch(), 20_454);
        // + 31 (January) + 28 (February) + 14.
        assert_eq!(Date::new(2026, 3, 15).unwrap().days_since_epoch(), 20_527);
        assert_eq!(Date::new(2000, 2, 29).unwrap().days_since_epoch(), 11_016);
        assert_eq!(Date::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
        assert_eq!(
            Date::from_days_since_epoch(20_527).unwrap(),
            Date::new(2026, 3, 15).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(-1).unwrap(),
            Date::new(1969, 12, 31).unwrap()
        );
    }

    #[test]
    fn every_day_round_trips() {
        // 1600-03-01 .. 2400-03-01: two full 400-year cycles around the epoch.
        let start = Date::new(1600, 3, 1).unwrap().days_since_epoch();
        let mut prev = Date::from_days_since_epoch(start - 1).unwrap();
        for d in start..start + 2 * DAYS_PER_CYCLE {
            let date = Date::from_days_since_epoch(d).unwrap();
            assert_eq!(date.days_since_epoch(), d);
            assert!(date > prev);
            assert!(Date::new(date.year(), date.month(), date.day()).is_ok());
            prev = date;
        }
    }

    #[test]
    fn invalid_dates() {
        assert!(Date::new(2026, 2, 29).is_err());
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(1900, 2, 29).is_err());
        assert!(Date::new(2026, 13, 1).is_err());
        assert!(Date::new(2026, 4, 31).is_err());
        assert!(Date::new(2026, 1, 0).is_err());
        assert!(Date::from_days_since_epoch(i64::MAX).is_err());
    }
}
