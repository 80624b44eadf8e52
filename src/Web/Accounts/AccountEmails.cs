using Microsoft.AspNetCore.Identity;

namespace DeepSync.Web.Accounts;

/// <summary>The account e-mails Identity asks for, written once and handed to whichever transport is configured.</summary>
public sealed class AccountEmails(IEmailTransport transport) : IEmailSender<DeepSyncUser>
{
    public Task SendConfirmationLinkAsync(DeepSyncUser user, string email, string confirmationLink) =>
        transport.SendAsync(new OutgoingEmail(
            email,
            "Confirm your DeepSync e-mail address",
            $"Welcome to DeepSync. Confirm your address to sign in:\n\n{confirmationLink}\n\nIf you did not sign up, ignore this e-mail.",
            confirmationLink));

    public Task SendPasswordResetLinkAsync(DeepSyncUser user, string email, string resetLink) =>
        transport.SendAsync(new OutgoingEmail(
            email,
            "Reset your DeepSync password",
            $"Someone asked to reset the password of this DeepSync account. To choose a new one, open:\n\n{resetLink}\n\nIf it was not you, ignore this e-mail; your password stays as it is.",
            resetLink));

    public Task SendPasswordResetCodeAsync(DeepSyncUser user, string email, string resetCode) =>
        transport.SendAsync(new OutgoingEmail(email, "Your DeepSync password reset code", $"Your password reset code is {resetCode}.", null));

    /// <summary>Sent instead of a second account when someone registers an address that already has one (no enumeration).</summary>
    public Task SendAlreadyRegisteredAsync(string email, string signInLink, string resetLink) =>
        transport.SendAsync(new OutgoingEmail(
            email,
            "You already have a DeepSync account",
            $"Someone tried to sign up with this address, which already has an account. Sign in at {signInLink} or reset your password at {resetLink}. If it was not you, ignore this e-mail.",
            signInLink));
}
