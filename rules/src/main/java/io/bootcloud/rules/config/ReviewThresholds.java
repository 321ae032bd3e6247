package io.bootcloud.rules.config;

/**
 * When {@code bootcloud review} flags a batch for treasury's attention. Flags inform the people
 * who approve; they never change an amount and never approve or refuse anything by themselves.
 *
 * @param maxDayOverDayPercent largest change of the day's total or recipients vs the day before
 * @param maxTrailingPercent largest change vs the mean of the trailing 7 exported days
 * @param maxTopRecipientPercent largest share of the day's total one wallet may receive
 * @param maxNewWalletPercent largest share of recipients that were never paid before
 * @param topRecipients how many of the largest recipients the review lists
 */
public record ReviewThresholds(
    int maxDayOverDayPercent,
    int maxTrailingPercent,
    int maxTopRecipientPercent,
    int maxNewWalletPercent,
    int topRecipients) {}
